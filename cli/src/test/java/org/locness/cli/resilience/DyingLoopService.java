package org.locness.cli.resilience;

import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.locness.cli.run.ServiceRunner;
import org.locness.events.kafka.CommitAfterWorkLoop;
import org.locness.events.kafka.DeadLetterRouter;
import org.locness.events.kafka.KafkaSettings;

/**
 * A component, run by {@link LoopDownExitIT} as its own process through {@link ServiceRunner},
 * whose one consumer loop stops for good at once: it is configured with an empty topic name, an
 * error no retry cures.
 */
public final class DyingLoopService {
    private DyingLoopService() {
    }

    public static void main(String[] args) throws Exception {
        KafkaSettings kafka = KafkaSettings.plain(args[0]);
        int port = Integer.parseInt(args[1]);
        System.exit(ServiceRunner.run("dying", port, registry -> {
            KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer("dying"));
            CommitAfterWorkLoop loop = new CommitAfterWorkLoop("dying-loop",
                    new KafkaConsumer<>(kafka.consumer("dying-loop")), List.of(""), record -> { },
                    new DeadLetterRouter(producer), registry);
            loop.start();
            return () -> {
                loop.close();
                producer.close();
            };
        }));
    }
}
