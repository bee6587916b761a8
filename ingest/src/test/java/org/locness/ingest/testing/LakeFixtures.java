package org.locness.ingest.testing;

import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.locness.events.id.ObjectKey;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.lake.s3.Lake;
import org.locness.lake.s3.LakeSettings;
import org.locness.lake.s3.ObjectInfo;
import org.locness.lake.s3.Retry;
import org.locness.lake.seed.BarGenerator;
import org.locness.lake.seed.BarParquetWriter;
import org.locness.lake.seed.SeedPlan;

/** Real, small Parquet objects in the agreed bar shape, put where a test needs them. */
public final class LakeFixtures {
    private LakeFixtures() {
    }

    public static LakeSettings settings(EmbeddedStack stack) {
        return new LakeSettings(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(), "lake");
    }

    public static Lake lake(EmbeddedStack stack) {
        return Lake.connect(settings(stack));
    }

    public static MinioClient client(EmbeddedStack stack) {
        return MinioClient.builder().endpoint(stack.s3Endpoint()).credentials(stack.s3AccessKey(), stack.s3SecretKey())
                .build();
    }

    /** A lake on {@code stack} whose S3 client is {@code client} (e.g. one that crashes on cue); listings go around it. */
    public static Lake lake(EmbeddedStack stack, MinioClient client) {
        return new Lake(client, MinioAsyncClient.builder().endpoint(stack.s3Endpoint())
                .credentials(stack.s3AccessKey(), stack.s3SecretKey()).build(), "lake", Retry.defaults());
    }

    /** Uploads one day of 30 one-minute bars of {@code symbol} to {@code key}. */
    public static void putBars(Lake lake, Path workDir, ObjectKey key, Symbol symbol, TradingDate date) {
        SeedPlan plan = new SeedPlan(List.of(symbol), 1, date, key.value().hashCode(), 30);
        Path file = workDir.resolve(key.fileName());
        try (BarParquetWriter writer = new BarParquetWriter(workDir)) {
            writer.write(BarGenerator.generate(symbol, plan).get(0).bars(), file);
            lake.put(key, file);
            Files.delete(file);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> keys(Lake lake, String prefix) {
        return lake.list(prefix).stream().map(ObjectInfo::key).map(ObjectKey::value).toList();
    }
}
