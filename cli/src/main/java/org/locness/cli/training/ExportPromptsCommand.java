package org.locness.cli.training;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.locness.cli.run.Home;
import org.locness.events.ensemble.Ensemble;
import org.locness.events.ensemble.EnsembleLoader;
import org.locness.events.ensemble.ModelSpec;
import org.locness.events.id.TradingDate;
import org.locness.inference.model.LanguageModelScorer;
import org.locness.inference.model.ModelLoader;
import org.locness.inference.model.ModelOptions;
import org.locness.inference.prompt.PromptBuilder;
import org.locness.ingest.daily.context.PrepWindow;
import org.locness.lake.seed.SeedPlan;
import org.locness.lake.staging.ScratchDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code locness export-prompts}: training prompts for the demo models, rendered by the serving code. */
@Command(name = "export-prompts", mixinStandardHelpOptions = true,
        description = {"Writes training prompts as JSON lines {prompt, label, signature, symbol, date}: synthetic bars "
                + "for --seed, each day's market context as the daily prep computes it, each symbol-day's prompt as the "
                + "inference node renders it for --model (template, question, context limit, tokenizer) and its label "
                + "as the outcome realizer computes it. Nothing touches the lake or Kafka.",
                "The first " + PrepWindow.MARKET_DAYS + " days only feed the contexts and the last day has no outcome, "
                        + "so --days N gives (N - " + (PrepWindow.MARKET_DAYS + 1) + ") x --symbols examples.",
                "Example:  locness export-prompts --seed 1001 --days 120 --symbols 20 --out prompts.jsonl",
                "Exit 0: written; 2: bad arguments (an ensemble problem, a model in the lake)."})
public final class ExportPromptsCommand implements Callable<Integer> {
    /** A fixed default end, so that the same arguments always give the same file. */
    static final String DEFAULT_END = "2026-06-30";

    @Option(names = "--seed", required = true, description = "Market data seed (keep it apart from the backtest's).")
    long seed;

    @Option(names = "--days", defaultValue = "120", description = "Days of synthetic bars (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--symbols", defaultValue = "20", description = "How many numbered symbols (default: ${DEFAULT-VALUE}).")
    int symbols;

    @Option(names = "--end", defaultValue = DEFAULT_END, description = "Last day, yyyy-MM-dd (default: ${DEFAULT-VALUE}).")
    String end;

    @Option(names = "--out", required = true, description = "The JSONL file to write.")
    Path out;

    @Option(names = "--ensemble", description = "Ensemble file (default: config/ensemble-demo.yaml).")
    Path ensemble;

    @Option(names = "--model", description = "Whose template, context limit and tokenizer render the prompts "
            + "(default: the ensemble's first model).")
    String model;

    @Override
    public Integer call() throws Exception {
        if (days < PrepWindow.MARKET_DAYS + 2) {
            System.err.println("--days must be at least " + (PrepWindow.MARKET_DAYS + 2) + ": the context needs "
                    + PrepWindow.MARKET_DAYS + " days before a prompt and the outcome a day after it");
            return 2;
        }
        Ensemble loaded = EnsembleLoader.load(ensemble != null ? ensemble : Home.resolve("config/ensemble-demo.yaml"));
        ModelSpec spec = model == null ? loaded.models().get(0) : loaded.models().stream()
                .filter(m -> m.name().value().equals(model)).findFirst().orElse(null);
        if (spec == null || spec.fromLake()) {
            System.err.println(spec == null ? "the ensemble has no model " + model
                    : "model " + spec.name() + " is in the lake; the export needs a local model folder");
            return 2;
        }
        SeedPlan plan = SeedPlan.numbered(symbols, days, TradingDate.of(end), seed);
        try (LanguageModelScorer scorer = ModelLoader.open(spec.name().value(), Path.of(spec.location()),
                ModelOptions.withThreads(1));
                ScratchDirectory work = ScratchDirectory.create("locness-export-")) {
            int limit = Math.min(spec.contextLimit(), scorer.contextLimit());
            PromptBuilder builder = new PromptBuilder(spec.promptTemplate(), loaded.outcome().question(), limit,
                    scorer::countTokens);
            long started = System.nanoTime();
            int written = new PromptExport(plan, builder, loaded.outcome(), loaded.models().size()).write(work.path(), out);
            System.err.printf(Locale.ROOT, "wrote %d prompts (%d symbols x %d days, seed %d, rendered for %s) to %s in %.1f s%n",
                    written, symbols, days, seed, spec.name(), out, (System.nanoTime() - started) / 1e9);
        }
        return 0;
    }
}
