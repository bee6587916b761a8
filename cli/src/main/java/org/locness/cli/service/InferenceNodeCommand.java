package org.locness.cli.service;

import java.util.List;
import java.util.concurrent.Callable;
import org.locness.cli.run.Environment;
import org.locness.cli.run.ServiceRunner;
import org.locness.events.ensemble.EnsembleLoader;
import org.locness.events.metrics.MetricsServer;
import org.locness.inference.node.InferenceNodeConfig;
import org.locness.inference.node.InferenceNodeService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code locness inference-node --node vm1 [--model m]}: a node's models on every ready job. */
@Command(name = "inference-node", mixinStandardHelpOptions = true,
        description = {"Runs a node's models (DJL, PyTorch CPU engine, offline) on every jobs.ready event that expects "
                + "them, one consumer group per model, each model pinned to its CPU subset; writes "
                + "output_<model>_<jobId>.parquet and patterns_new_<model>_<jobId>.parquet to the staging directory "
                + "and publishes inference.completed.",
                "Environment: LOCNESS_KAFKA_BOOTSTRAP, LOCNESS_S3_*, LOCNESS_ENSEMBLE, LOCNESS_STAGING_DIR (/data/local), "
                        + "LOCNESS_MODEL_CACHE_DIR (/data/models), LOCNESS_STRICT_PINNING (false), "
                        + "LOCNESS_INFERENCE_TIMEOUT (PT2M), LOCNESS_METRICS_PORT (9400), LOCNESS_BATCH_SIZE (4: jobs per "
                        + "forward pass), LOCNESS_BATCH_WAIT (PT0S: how long to wait for a batch to fill), "
                        + "LOCNESS_PREFIX_CACHES (2: the day's shared prompt prefixes each model keeps as KV cache), "
                        + "LOCNESS_MARKET_DAYS (2: days of market data read whole and kept in memory as bar statistics; "
                        + "0: every job reads its own input).",
                "Memory locality: start it under `numactl --cpunodebind=N --membind=N` on a bare host; inside the "
                        + "seed's VMs the guest is already bound to one NUMA node (see inference-node/README.md)."})
public final class InferenceNodeCommand implements Callable<Integer> {
    @Option(names = "--node", description = "The node to run (LOCNESS_NODE), e.g. vm1.")
    String node;

    @Option(names = "--model", split = ",", description = "Run only these of the node's models (LOCNESS_MODELS; "
            + "default: all of them). K3s runs one pod per model.")
    List<String> models;

    @Option(names = "--ensemble", description = "Ensemble file (LOCNESS_ENSEMBLE).")
    String ensemble;

    @Option(names = "--strict-pinning", description = "Refuse to start when the ensemble names CPUs this machine lacks.")
    boolean strictPinning;

    @Option(names = "--metrics-port", description = "Port of /metrics (LOCNESS_METRICS_PORT, default 9400).")
    Integer metricsPort;

    @Override
    public Integer call() throws Exception {
        Environment env = new Environment()
                .set(InferenceNodeConfig.NODE_ENV, node)
                .set(InferenceNodeConfig.MODELS_ENV, models == null ? null : String.join(",", models))
                .set(EnsembleLoader.ENV, ensemble)
                .set(InferenceNodeConfig.STRICT_PINNING_ENV, strictPinning ? "true" : null)
                .set(MetricsServer.PORT_ENV, metricsPort);
        InferenceNodeConfig config = InferenceNodeConfig.fromEnvironment(env.asMap());
        return ServiceRunner.run("inference-node", config.metricsPort(),
                registry -> InferenceNodeService.start(config, registry));
    }
}
