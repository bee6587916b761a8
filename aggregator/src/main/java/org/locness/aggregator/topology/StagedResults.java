package org.locness.aggregator.topology;

import java.util.List;
import org.locness.events.InvalidEventException;
import org.locness.events.Require;
import org.locness.events.job.ExpectedModel;
import org.locness.events.json.EventCodec;
import org.locness.events.result.ResultStaged;

/** Reads a {@code results.staged} record and checks what the aggregator relies on beyond the schema. */
final class StagedResults {
    private static final EventCodec<ResultStaged> CODEC = EventCodec.of(ResultStaged.class);

    private StagedResults() {
    }

    /** @throws InvalidEventException when the record cannot be counted; it belongs in the DLQ */
    static ResultStaged parse(String key, byte[] value) {
        ResultStaged result = CODEC.parse(value);
        // The job's state lives in the task that owns the key's partition: a mis-keyed result would
        // be counted in another task's copy of the job and never meet its siblings.
        if (!result.jobId().value().equals(key)) {
            throw new InvalidEventException("key", "must be the jobId '" + result.jobId()
                    + "' so that every result of a job reaches the same partition, was "
                    + (key == null ? "absent" : "'" + key + "'"));
        }
        List<ExpectedModel> expected = result.expectedModels();
        Require.distinct("expectedModels", expected.stream().map(ExpectedModel::model).toList());
        if (expected.stream().noneMatch(m -> m.model().equals(result.model()))) {
            throw new InvalidEventException("model", "'" + result.model() + "' is not among the job's expectedModels "
                    + expected.stream().map(ExpectedModel::model).toList());
        }
        return result;
    }
}
