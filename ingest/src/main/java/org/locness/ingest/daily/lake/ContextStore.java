package org.locness.ingest.daily.lake;

import java.nio.file.Path;
import java.util.Optional;
import org.locness.events.id.ObjectKey;
import org.locness.events.lake.LakeKeys;
import org.locness.ingest.daily.context.ComputedContext;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.ObjectInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a computed context at {@code daily-prepared/<date>.parquet} unless the lake already holds the
 * same bytes: a re-run then writes nothing, keeps the ETag and triggers no object event.
 */
public final class ContextStore {
    private static final Logger LOG = LoggerFactory.getLogger(ContextStore.class);

    private final Lake lake;

    public ContextStore(Lake lake) {
        this.lake = lake;
    }

    public WrittenContext write(ComputedContext computed) {
        ObjectKey key = LakeKeys.dailyPrepared(computed.date());
        Path file = Path.of(computed.localFile());
        Optional<ObjectInfo> existing = lake.stat(key);
        if (existing.isPresent() && existing.get().hasMd5(computed.md5())) {
            LOG.info("daily prep {}: {} already holds this context ({} bytes), nothing written", computed.date(), key,
                    existing.get().size());
            return written(computed, existing.get(), false);
        }
        ObjectInfo stored = lake.put(key, file);
        LOG.info("daily prep {}: wrote {} ({} rows, {} bytes{})", computed.date(), key, computed.rows(), stored.size(),
                existing.isPresent() ? ", replacing different content" : "");
        return written(computed, stored, true);
    }

    private static WrittenContext written(ComputedContext computed, ObjectInfo info, boolean uploaded) {
        return new WrittenContext(computed.date(), info.key(), computed.rows(), info.size(), info.eTag(), uploaded,
                computed.skipped());
    }
}
