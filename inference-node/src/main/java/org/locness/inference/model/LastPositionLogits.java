package org.locness.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;

/**
 * Token ids in, the logits at the last position out. Without batchifying: the ids already form
 * the model's {@code [1, T]} input, and DJL's default batchifier would add a dimension.
 */
final class LastPositionLogits implements NoBatchifyTranslator<long[], float[]> {

    @Override
    public NDList processInput(TranslatorContext ctx, long[] ids) {
        return new NDList(ctx.getNDManager().create(ids, new Shape(1, ids.length)));
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList output) throws TranslateException {
        if (output.isEmpty()) {
            throw new TranslateException("the model returned nothing; it must return logits float[1, T, V]");
        }
        NDArray logits = output.get(0);
        Shape shape = logits.getShape();
        if (shape.dimension() != 3 || shape.get(0) != 1 || shape.get(1) < 1) {
            throw new TranslateException("the model returned shape " + shape
                    + ", not logits float[1, T, V] (export it to return the logits tensor only)");
        }
        NDArray last = logits.get(0, shape.get(1) - 1);
        // Exports in half precision still yield comparable float logits.
        return (last.getDataType() == DataType.FLOAT32 ? last : last.toType(DataType.FLOAT32, false)).toFloatArray();
    }
}
