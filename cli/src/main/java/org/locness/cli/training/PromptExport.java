package org.locness.cli.training;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.locness.events.id.JobId;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.json.EventJson;
import org.locness.events.lake.LakeKeys;
import org.locness.events.outcome.OutcomeCalculator;
import org.locness.events.outcome.OutcomeDefinition;
import org.locness.events.outcome.OutcomeRealized;
import org.locness.events.outcome.OutcomeStatus;
import org.locness.ingest.daily.context.ComputedContext;
import org.locness.ingest.daily.context.ContextCalculator;
import org.locness.ingest.daily.context.LocalInputs;
import org.locness.ingest.daily.context.LocalInputs.MarketFile;
import org.locness.ingest.daily.context.PrepWindow;
import org.locness.inference.prompt.BarStatistics;
import org.locness.inference.prompt.DailyContext;
import org.locness.inference.prompt.MarketContext;
import org.locness.inference.prompt.PatternHistory;
import org.locness.inference.prompt.PatternOverview;
import org.locness.inference.prompt.PatternSignature;
import org.locness.inference.prompt.PromptBuilder;
import org.locness.inference.prompt.PromptInputsReader;
import org.locness.lake.parquet.DuckDb;
import org.locness.lake.seed.BarGenerator;
import org.locness.lake.seed.BarParquetWriter;
import org.locness.lake.seed.SeedPlan;
import org.locness.lake.seed.SymbolDay;

/**
 * Training prompts rendered by the serving code: the plan's synthetic bars are written as Parquet to
 * a work directory, each day's market context is computed by the daily prep's
 * {@link ContextCalculator} from the {@link PrepWindow} days before it, each symbol-day's statistics
 * are read by the node's {@link PromptInputsReader}, and the text comes from the node's
 * {@link PromptBuilder} (the model's template, question, context limit and tokenizer). The label is
 * {@link OutcomeCalculator}'s on the daily closes. A symbol-day is exported when its context has the
 * full window before it and its outcome is REALIZED (the plan's last day has no next close).
 */
final class PromptExport {
    private final SeedPlan plan;
    private final PromptBuilder builder;
    private final OutcomeDefinition outcome;
    private final int models;

    /** @param models the ensemble's size: a history day's cases count one row per symbol and model */
    PromptExport(SeedPlan plan, PromptBuilder builder, OutcomeDefinition outcome, int models) {
        this.plan = plan;
        this.builder = builder;
        this.outcome = outcome;
        this.models = models;
    }

    /** What the node would read for one symbol-day, before the history is added. */
    record Inputs(Symbol symbol, TradingDate date, BarStatistics stats, MarketContext context, String signature,
            String label) {
    }

    /** The examples, by date then symbol in the plan's order. */
    List<TrainingExample> examples(Path workDir) throws IOException, SQLException {
        List<Inputs> inputs = inputs(workDir);
        Map<String, Map<TradingDate, Integer>> counts = signatureCounts(inputs);
        Map<TradingDate, Integer> symbolsPerDay = new HashMap<>();
        inputs.forEach(in -> symbolsPerDay.merge(in.date(), 1, Integer::sum));
        Map<TradingDate, PatternOverview> overviews = new HashMap<>();
        List<TrainingExample> examples = new ArrayList<>(inputs.size());
        for (Inputs in : inputs) {
            SplittableRandom random = new SplittableRandom(
                    plan.seed() * 31 + (in.symbol().value() + "|" + in.date().value()).hashCode());
            PatternHistory history = SyntheticHistory.of(in.signature(), in.date(), counts.get(in.signature()), models,
                    random);
            PatternOverview overview = overviews.computeIfAbsent(in.date(), date -> SyntheticHistory.overview(date,
                    symbolsPerDay.getOrDefault(date.minusDays(1), 0), models,
                    new SplittableRandom(plan.seed() * 31 + date.value().hashCode())));
            String prompt = builder.build(in.symbol().value(), in.date().value(), in.stats(), in.context(), history,
                    overview).text();
            examples.add(new TrainingExample(prompt, in.label(), in.signature(), in.symbol().value(), in.date().value()));
        }
        return examples;
    }

    /** Writes the examples as JSON lines; returns how many. */
    int write(Path workDir, Path out) throws IOException, SQLException {
        List<TrainingExample> examples = examples(workDir);
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (TrainingExample example : examples) {
                writer.write(EventJson.write(example.fields()));
                writer.write('\n');
            }
        }
        return examples.size();
    }

    List<Inputs> inputs(Path workDir) throws IOException, SQLException {
        Map<Symbol, List<SymbolDay>> days = new HashMap<>();
        Map<Symbol, SortedMap<TradingDate, Double>> closes = new HashMap<>();
        Path market = workDir.resolve("market-data");
        try (BarParquetWriter writer = new BarParquetWriter(workDir)) {
            for (Symbol symbol : plan.symbols()) {
                List<SymbolDay> generated = BarGenerator.generate(symbol, plan);
                SortedMap<TradingDate, Double> symbolCloses = new TreeMap<>();
                for (SymbolDay day : generated) {
                    writer.write(day.bars(), file(market, symbol, day.date()));
                    symbolCloses.put(day.date(), day.bars().get(day.bars().size() - 1).close());
                }
                days.put(symbol, generated);
                closes.put(symbol, symbolCloses);
            }
        }
        List<Inputs> inputs = new ArrayList<>();
        ContextCalculator calculator = new ContextCalculator();
        List<TradingDate> dates = plan.dates();
        try (Connection db = DuckDb.open(workDir.resolve("reader"))) {
            PromptInputsReader reader = new PromptInputsReader(db);
            for (TradingDate date : dates.subList(PrepWindow.MARKET_DAYS, dates.size())) {
                PrepWindow window = PrepWindow.standard(date);
                List<MarketFile> files = new ArrayList<>();
                for (Symbol symbol : plan.symbols()) {
                    for (TradingDate day : window.marketDates()) {
                        files.add(new MarketFile(symbol, day, LakeKeys.marketData(symbol, day), file(market, symbol, day)));
                    }
                }
                ComputedContext context = calculator.compute(new LocalInputs(window, files, List.of(), List.of(), 0, 0),
                        workDir.resolve("prep"));
                DailyContext dayContext = reader.dailyContext(Path.of(context.localFile()));
                for (Symbol symbol : plan.symbols()) {
                    Optional<String> label = label(symbol, date, closes.get(symbol));
                    if (label.isEmpty()) {
                        continue;
                    }
                    BarStatistics stats = reader.bars(List.of(file(market, symbol, date)), symbol.value());
                    MarketContext marketContext = dayContext.forSymbol(symbol.value(), false);
                    inputs.add(new Inputs(symbol, date, stats, marketContext, PatternSignature.of(stats, marketContext),
                            label.get()));
                }
            }
        }
        return inputs;
    }

    private Optional<String> label(Symbol symbol, TradingDate date, SortedMap<TradingDate, Double> closes) {
        JobId jobId = JobId.derive(symbol, date, 1);
        return OutcomeCalculator.realize(jobId, symbol, date, closes, outcome, Instant.EPOCH)
                .filter(o -> o.status() == OutcomeStatus.REALIZED)
                .map(OutcomeRealized::label);
    }

    private static Map<String, Map<TradingDate, Integer>> signatureCounts(List<Inputs> inputs) {
        Map<String, Map<TradingDate, Integer>> counts = new HashMap<>();
        for (Inputs in : inputs) {
            counts.computeIfAbsent(in.signature(), s -> new HashMap<>()).merge(in.date(), 1, Integer::sum);
        }
        return counts;
    }

    static Path file(Path market, Symbol symbol, TradingDate day) {
        return market.resolve(symbol.value()).resolve(day.value() + ".parquet");
    }
}
