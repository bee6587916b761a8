package org.locness.ingest.daily.context;

import java.util.List;
import org.locness.events.id.TradingDate;

/**
 * A context computed on the worker's disk, not yet in the lake.
 *
 * @param localFile where the Parquet file is (on the worker that computed it)
 * @param md5 its content hash, to tell a stale or foreign local file from this one
 * @param rowsRead market bars the computation used
 * @param skipped inputs left out, each {@code <key> (<reason>)}
 */
public record ComputedContext(TradingDate date, String localFile, String md5, long rows, long rowsRead,
        List<String> skipped) {
    public ComputedContext {
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }
}
