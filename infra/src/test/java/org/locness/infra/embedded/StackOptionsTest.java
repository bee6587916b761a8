package org.locness.infra.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackOptionsTest {

    @Test
    void aKeptDataDirKeepsItsGeneratedS3SecretSoClientsStillAuthenticateAfterARestart(@TempDir Path dir) throws Exception {
        StackOptions first = StackOptions.local(9092, 9000, 7233, dir, true, false, Map.of());
        StackOptions second = StackOptions.local(9092, 9000, 7233, dir, true, false, Map.of());
        assertEquals(first.secretKey(), second.secretKey());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve(StackOptions.SECRET_FILE))));
    }

    @Test
    void aSecretFromTheEnvironmentWinsAndATemporaryStackGetsAFreshOne(@TempDir Path dir) {
        assertEquals("from-env", StackOptions.local(9092, 9000, 7233, dir.resolve("kept"), true, false,
                Map.of("LOCNESS_S3_SECRET_KEY", "from-env")).secretKey());
        assertFalse(Files.exists(dir.resolve("kept").resolve(StackOptions.SECRET_FILE)));
        Path temporary = dir.resolve("temporary");
        assertNotEquals(StackOptions.local(0, 0, 0, temporary, false, true, Map.of()).secretKey(),
                StackOptions.local(0, 0, 0, temporary, false, true, Map.of()).secretKey());
    }
}
