package org.locness.aggregator;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.locness.events.id.JobId;
import org.locness.events.id.ModelName;
import org.locness.events.id.NodeName;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.inference.ModelStatus;
import org.locness.events.inference.Timings;
import org.locness.events.job.ExpectedModel;
import org.locness.events.json.EventCodec;
import org.locness.events.kafka.KafkaSettings;
import org.locness.events.lake.LakeKeys;
import org.locness.events.result.ResultStaged;
import org.locness.events.topic.Topic;

/** Results to send, for the broker-backed tests. */
final class Fixtures {
    static final TradingDate DATE = TradingDate.of("2026-11-29");
    static final List<ExpectedModel> ENSEMBLE = List.of(
            new ExpectedModel(ModelName.of("gemma-7b"), NodeName.of("vm1"), 2),
            new ExpectedModel(ModelName.of("mistral-7b"), NodeName.of("vm1"), 1),
            new ExpectedModel(ModelName.of("qwen-7b"), NodeName.of("vm2"), 1));
    static final EventCodec<ResultStaged> RESULTS = EventCodec.of(ResultStaged.class);

    private Fixtures() {
    }

    static JobId jobId(String symbol, int n) {
        return JobId.of(symbol + "-" + DATE.value() + "-" + String.format("%03d", n));
    }

    static ResultStaged result(JobId job, ExpectedModel model, double up) {
        Symbol symbol = Symbol.of(job.value().substring(0, job.value().indexOf('-')));
        double rest = (1 - up) / 2;
        return new ResultStaged(job, symbol, DATE, model.model(), model.node(), ModelStatus.SUCCEEDED, null,
                LakeKeys.stagedResult(job, model.model()), LakeKeys.stagedPatterns(job, model.model()),
                Map.of("up", up, "down", rest, "flat", rest), "trend=up|vol=high|volume=spike|gap=none",
                new Timings(100, 30, 40), ENSEMBLE);
    }

    static ProducerRecord<String, byte[]> record(ResultStaged result) {
        return new ProducerRecord<>(Topic.RESULTS_STAGED.topicName(), result.jobId().value(), RESULTS.serialize(result));
    }

    static KafkaProducer<String, byte[]> producer(KafkaSettings kafka) {
        return new KafkaProducer<>(kafka.producer("it-producer-" + UUID.randomUUID()));
    }
}
