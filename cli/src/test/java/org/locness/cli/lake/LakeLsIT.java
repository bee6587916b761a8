package org.locness.cli.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.ObjectKey;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.testing.EmbeddedStackTest;

/** `locness lake ls PREFIX` from the packaged jar against the embedded lake. */
@EmbeddedStackTest
class LakeLsIT {
    private static final Path JAR = Path.of("target", "locness.jar");

    @BeforeAll
    static void objects(EmbeddedStack stack) {
        Lake lake = Lake.connect(LakeSettings.fromEnvironment(stack.environment()));
        lake.ensureBucket();
        put(lake, "market-data/BTC/2026-11-28.parquet", "12345");
        put(lake, "market-data/BTC/2026-11-29.parquet", "1234567");
        put(lake, "market-data/BTCX/2026-11-29.parquet", "1");
        put(lake, "pre-swept/BTC/bars.parquet", "12");
    }

    @Test
    void listsKeysWithSizeAndLastModifiedUnderThePrefixOnly(EmbeddedStack stack, @TempDir Path dir) throws Exception {
        Run run = run(stack, dir, "lake", "ls", "market-data/BTC/");
        assertEquals(0, run.exit(), run.toString());
        assertEquals(2, run.out().size(), run.toString());
        assertTrue(run.out().get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ +5  market-data/BTC/2026-11-28\\.parquet"),
                run.out().get(0));
        assertTrue(run.out().get(1).matches("\\S+Z +7  market-data/BTC/2026-11-29\\.parquet"), run.out().get(1));
        assertTrue(run.err().contains("2 object(s), 12 bytes under 'market-data/BTC/'"), run.err());
    }

    @Test
    void aPartialSegmentPrefixMatchesLikeS3AndNothingMatchingIsNoError(EmbeddedStack stack, @TempDir Path dir)
            throws Exception {
        Run partial = run(stack, dir, "lake", "ls", "market-data/BTC");
        assertEquals(3, partial.out().size(), partial.toString());
        Run none = run(stack, dir, "lake", "ls", "gold/");
        assertEquals(0, none.exit(), none.toString());
        assertEquals(List.of(), none.out());
    }

    @Test
    void anInvalidPrefixIsRefusedBeforeItReachesTheLake(EmbeddedStack stack, @TempDir Path dir) throws Exception {
        for (String prefix : List.of("../etc", "market-data/../gold/", "/market-data", "market data/", "a//b")) {
            Run run = run(stack, dir, "lake", "ls", prefix);
            assertEquals(2, run.exit(), prefix + ": " + run);
            assertTrue(run.err().contains("invalid prefix") && run.err().contains("start of a lake key"), run.err());
            assertEquals(List.of(), run.out());
        }
    }

    @Test
    void helpNamesThePrefixAndAnExample(EmbeddedStack stack, @TempDir Path dir) throws Exception {
        Run run = run(stack, dir, "lake", "ls", "--help");
        assertEquals(0, run.exit());
        String help = String.join("\n", run.out());
        assertTrue(help.contains("PREFIX") && help.contains("locness lake ls market-data/BTC/"), help);
    }

    private static void put(Lake lake, String key, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        lake.put(ObjectKey.of(key), new ByteArrayInputStream(bytes), bytes.length);
    }

    private static Run run(EmbeddedStack stack, Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + dir, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        builder.environment().putAll(stack.environment());
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "locness " + String.join(" ", args) + " did not finish");
        return new Run(process.exitValue(), Files.readAllLines(dir.resolve("out.txt")),
                Files.readString(dir.resolve("err.txt")));
    }

    private record Run(int exit, List<String> out, String err) {
    }
}
