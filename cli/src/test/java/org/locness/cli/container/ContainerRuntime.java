package org.locness.cli.container;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.exception.NotFoundException;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * The container runtime the container tests need, reached through Testcontainers (scripts/test.sh
 * serves podman's Docker API and exports DOCKER_HOST). Without one these tests fail, so a CI run can
 * never pass by skipping them; a developer without podman skips them with {@code -Dlocness.containers=skip}.
 */
final class ContainerRuntime {
    static final String SKIP_PROPERTY = "locness.containers";

    private ContainerRuntime() {
    }

    static void require() {
        if ("skip".equals(System.getProperty(SKIP_PROPERTY))) {
            Assumptions.abort("container tests skipped (-D" + SKIP_PROPERTY + "=skip)");
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            fail("no container runtime: Testcontainers reached no Docker API (DOCKER_HOST="
                    + System.getenv("DOCKER_HOST") + "). Run the tests with scripts/test.sh, which installs podman"
                    + " and serves its API, or skip the container tests with -D" + SKIP_PROPERTY + "=skip");
        }
    }

    /** Fails unless {@code image} is in the runtime's local store (no registry is reachable to pull it). */
    static void requireLocalImage(String image, String howToBuild) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            fail("image " + image + " is not built: " + howToBuild);
        }
    }
}
