package org.locness.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelConfigTest {

    @TempDir
    Path tmp;

    @Test
    void labelsDefaultToUpDownFlat() throws IOException {
        ModelConfig config = ModelConfig.read(write("{\"contextLimit\": 4096, \"architecture\": \"gemma\"}"));
        assertEquals(4096, config.contextLimit());
        assertEquals(List.of(" up", " down", " flat"), config.labels());
        assertFalse(config.kvCache());
    }

    @Test
    void theInterfaceSaysWhetherTheModuleHandsBackItsCache() throws IOException {
        assertTrue(ModelConfig.read(write("{\"contextLimit\": 8, \"interface\": \"kv-cache\"}")).kvCache());
        assertFalse(ModelConfig.read(write("{\"contextLimit\": 8, \"interface\": \"logits\"}")).kvCache());
    }

    @Test
    void labelsComeFromTheFile() throws IOException {
        ModelConfig config = ModelConfig.read(write("{\"contextLimit\": 8, \"labels\": [\" bull\", \" bear\"]}"));
        assertEquals(List.of(" bull", " bear"), config.labels());
    }

    @Test
    void badFilesAreLoadErrorsNamingTheFile() throws IOException {
        for (String json : List.of("{}", "{\"contextLimit\": 0}", "{\"contextLimit\": \"512\"}", "{\"contextLimit\": 1.5}",
                "{\"contextLimit\": 512, \"labels\": [\" up\"]}", "{\"contextLimit\": 512, \"labels\": [\" up\", \" up\"]}",
                "{\"contextLimit\": 512, \"labels\": [\" up\", 3]}", "[]", "not json",
                "{\"contextLimit\": 512, \"interface\": \"kv\"}")) {
            Path file = write(json);
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelConfig.read(file), json);
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        }
    }

    private Path write(String json) throws IOException {
        return Files.writeString(tmp.resolve(ModelDirectory.CONFIG_FILE), json);
    }
}
