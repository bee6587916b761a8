package org.locness.cli.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.locness.lake.staging.ScratchDirectory;

/**
 * The data directory of a self-contained command ({@code demo}, {@code backtest}): its lake, Kafka
 * log and staging, cleared at the start of each run. A marker file says the command made it, so it
 * never clears a directory it did not create.
 */
public final class DataDirectory {
    private DataDirectory() {
    }

    /** Clears a previous run's data and returns the absolute directory, ready to use. */
    public static Path prepare(Path dir, String command) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        Path marker = abs.resolve(".locness-" + command);
        if (Files.isDirectory(abs)) {
            try (var entries = Files.list(abs)) {
                if (entries.findAny().isPresent() && !Files.exists(marker)) {
                    throw new IllegalArgumentException(abs + " is not empty and was not made by `locness " + command
                            + "`; give an empty or new --data-dir");
                }
            }
            try (ScratchDirectory old = ScratchDirectory.adopt(abs)) {
                // closing removes the previous run's data
            }
        }
        Files.createDirectories(abs);
        Files.writeString(marker, "created by locness " + command + "; cleared at the start of each run\n");
        return abs;
    }
}
