package org.locness.inference.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.locness.events.id.ModelName;
import org.locness.events.lake.LakeKeys;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.ObjectInfo;

/**
 * Fetches a model's folder from {@code models/<model>/} in the lake: every object under the prefix,
 * at its relative path. {@link ModelCache} checks the result is complete.
 */
public final class LakeModelSource implements ModelSource {
    private final Lake lake;

    public LakeModelSource(Lake lake) {
        this.lake = lake;
    }

    @Override
    public void fetch(ModelName model, Path targetDir) throws IOException {
        String prefix = LakeKeys.modelPrefix(model);
        List<ObjectInfo> objects = lake.list(prefix);
        if (objects.isEmpty()) {
            throw new IOException("the lake holds nothing under " + prefix + "; upload the model's folder there"
                    + " (model.pt, tokenizer.json, config.json)");
        }
        for (ObjectInfo object : objects) {
            // Object keys have no '.' or '..' segments, so the relative path stays inside targetDir.
            Path target = targetDir.resolve(object.key().value().substring(prefix.length()));
            Files.createDirectories(target.getParent());
            lake.get(object.key(), target);
        }
    }
}
