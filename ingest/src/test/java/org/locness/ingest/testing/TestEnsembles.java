package org.locness.ingest.testing;

import java.nio.file.Path;
import org.locness.events.ensemble.Ensemble;
import org.locness.events.ensemble.EnsembleLoader;

/** The repository's shipped ensemble files, as tests (run from the module directory) reach them. */
public final class TestEnsembles {
    public static final Path PRODUCTION = Path.of("..", "config", "ensemble.yaml").toAbsolutePath().normalize();
    public static final Path DEMO = Path.of("..", "config", "ensemble-demo.yaml").toAbsolutePath().normalize();

    private TestEnsembles() {
    }

    public static Ensemble production() {
        return EnsembleLoader.load(PRODUCTION);
    }
}
