import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.jni.LibUtils;

/**
 * Run once at image build (single-file source launch): loading DJL's PyTorch engine and the tokenizers
 * library extracts their native libraries into DJL_CACHE_DIR, so a pod never writes there and works
 * offline with a read-only root filesystem.
 */
class WarmNatives {
    public static void main(String[] args) {
        LibUtils.checkStatus();
        System.out.println("PyTorch " + Engine.getEngine("PyTorch").getVersion() + " extracted");
    }
}
