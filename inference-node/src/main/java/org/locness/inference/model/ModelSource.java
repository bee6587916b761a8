package org.locness.inference.model;

import java.io.IOException;
import java.nio.file.Path;
import org.locness.events.id.ModelName;

/**
 * Where {@link ModelCache} gets a model it does not have, typically the lake prefix
 * {@code models/<model>/}.
 */
@FunctionalInterface
public interface ModelSource {

    /**
     * Writes every file of {@code model}'s folder ({@link ModelDirectory}) into
     * {@code targetDir}, an existing empty directory private to this call.
     *
     * @throws IOException if the files cannot be fetched; the cache then discards the directory
     */
    void fetch(ModelName model, Path targetDir) throws IOException;
}
