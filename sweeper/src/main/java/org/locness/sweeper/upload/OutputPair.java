package org.locness.sweeper.upload;

import java.nio.file.Path;
import org.locness.events.InvalidEventException;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.ObjectKey;
import org.locness.events.inference.InferenceCompleted;
import org.locness.events.lake.LakeKeys;
import org.locness.events.lake.StagingFiles;
import org.locness.lake.staging.StagingDirectory;

/**
 * One model's two local outputs for one job and where they are staged in the lake. Only ever built
 * from validated identifiers, so the sweeper never reads, uploads or deletes a file an event merely
 * names.
 */
public record OutputPair(JobId jobId, ModelName model, Path output, Path patterns) {

    /** The pair's files in {@code staging}, named as {@link StagingFiles} names them. */
    public static OutputPair in(StagingDirectory staging, JobId jobId, ModelName model) {
        return new OutputPair(jobId, model, staging.resolve(StagingFiles.output(model, jobId)),
                staging.resolve(StagingFiles.patternsNew(model, jobId)));
    }

    /**
     * The pair a succeeded event names, after checking that both paths are files directly inside the
     * staging directory and carry exactly the names of this job's and model's outputs. Anything else
     * (another directory, a daily cache, another model's file) is a poison event.
     */
    public static OutputPair named(StagingDirectory staging, InferenceCompleted event) {
        Path output = staging.requireInside("outputPath", event.outputPath());
        Path patterns = staging.requireInside("patternsPath", event.patternsPath());
        requireName("outputPath", output, StagingFiles.output(event.model(), event.jobId()), event);
        requireName("patternsPath", patterns, StagingFiles.patternsNew(event.model(), event.jobId()), event);
        return in(staging, event.jobId(), event.model());
    }

    public ObjectKey resultKey() {
        return LakeKeys.stagedResult(jobId, model);
    }

    public ObjectKey patternsKey() {
        return LakeKeys.stagedPatterns(jobId, model);
    }

    private static void requireName(String field, Path path, String expected, InferenceCompleted event) {
        if (!path.getFileName().toString().equals(expected)) {
            throw new InvalidEventException(field, "'" + path.getFileName() + "' is not the file of model "
                    + event.model() + " for job " + event.jobId() + ": expected " + expected);
        }
    }
}
