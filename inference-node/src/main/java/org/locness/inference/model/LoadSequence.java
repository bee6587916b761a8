package org.locness.inference.model;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The load order both model kinds share: tokenizer, one-token labels, the offline engine, the module,
 * then a check of the loaded model. Whatever step fails, nothing opened before it is left open.
 */
final class LoadSequence {
    private LoadSequence() {
    }

    /**
     * @param build makes the model from the open tokenizer and the labels' token ids (and loads its module)
     * @param check proves the loaded model runs; a failure closes it
     */
    static <M extends LanguageModelScorer> M load(String name, ModelDirectory directory, ModelConfig config,
            BiFunction<HuggingFaceTokenizer, long[], M> build, Consumer<M> check) {
        HuggingFaceTokenizer tokenizer = TorchScriptModel.openTokenizer(directory);
        M loaded;
        try {
            long[] labelIds = TorchScriptModel.labelIds(name, tokenizer, config.labels(), directory);
            OfflinePyTorch.engine();
            loaded = build.apply(tokenizer, labelIds);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
        try {
            check.accept(loaded);
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
        return loaded;
    }
}
