package org.locness.cli.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.ensemble.Ensemble;
import org.locness.events.ensemble.EnsembleLoader;
import org.locness.events.ensemble.ModelSpec;
import org.locness.events.id.JobId;
import org.locness.events.id.Symbol;
import org.locness.events.id.TradingDate;
import org.locness.events.json.EventJson;
import org.locness.events.outcome.OutcomeCalculator;
import org.locness.events.outcome.OutcomeRealized;
import org.locness.inference.model.KvCacheModel;
import org.locness.inference.model.ModelOptions;
import org.locness.inference.prompt.PatternHistory;
import org.locness.inference.prompt.PatternOverview;
import org.locness.inference.prompt.PatternSignature;
import org.locness.inference.prompt.PromptBuilder;
import org.locness.lake.seed.BarGenerator;
import org.locness.lake.seed.SeedPlan;
import org.locness.lake.seed.SymbolDay;

class PromptExportTest {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    /** Three symbols, 12 days of 4-hour sessions: four days of prompts after the 7-day context window. */
    private static final SeedPlan PLAN = SeedPlan.numbered(3, 12, TradingDate.of("2026-03-12"), 5).withBarsPerDay(240);

    private static Ensemble ensemble;
    private static KvCacheModel model;
    private static PromptBuilder builder;

    @BeforeAll
    static void loadModel() {
        ensemble = EnsembleLoader.load(REPO.resolve("config/ensemble-demo.yaml"));
        ModelSpec spec = ensemble.models().get(0);
        model = KvCacheModel.load(spec.name().value(), Path.of(spec.location()), ModelOptions.withThreads(1));
        builder = new PromptBuilder(spec.promptTemplate(), ensemble.outcome().question(),
                Math.min(spec.contextLimit(), model.contextLimit()), model::countTokens);
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    private static PromptExport export() {
        return new PromptExport(PLAN, builder, ensemble.outcome(), ensemble.models().size());
    }

    @Test
    void labelsAreTheOutcomeCalculatorsOnTheGeneratedCloses(@TempDir Path work) throws Exception {
        List<TrainingExample> examples = export().examples(work);
        assertEquals(3 * (12 - 8), examples.size());
        Map<String, SortedMap<TradingDate, Double>> closes = new HashMap<>();
        for (Symbol symbol : PLAN.symbols()) {
            SortedMap<TradingDate, Double> symbolCloses = new TreeMap<>();
            for (SymbolDay day : BarGenerator.generate(symbol, PLAN)) {
                symbolCloses.put(day.date(), day.bars().get(day.bars().size() - 1).close());
            }
            closes.put(symbol.value(), symbolCloses);
        }
        for (TrainingExample example : examples) {
            Symbol symbol = Symbol.of(example.symbol());
            TradingDate date = TradingDate.of(example.date());
            OutcomeRealized outcome = OutcomeCalculator.realize(JobId.derive(symbol, date, 1), symbol, date,
                    closes.get(example.symbol()), ensemble.outcome(), Instant.EPOCH).orElseThrow();
            assertEquals(outcome.label(), example.label(), example::toString);
        }
    }

    @Test
    void promptsAreWhatTheNodesBuilderRendersFromTheReadInputs(@TempDir Path work) throws Exception {
        PromptExport export = export();
        List<PromptExport.Inputs> inputs = export.inputs(work.resolve("inputs"));
        List<TrainingExample> examples = export.examples(work.resolve("examples"));
        assertEquals(inputs.size(), examples.size());
        for (int i = 0; i < inputs.size(); i++) {
            PromptExport.Inputs in = inputs.get(i);
            TrainingExample example = examples.get(i);
            assertEquals(PatternSignature.of(in.stats(), in.context()), example.signature());
            assertTrue(example.prompt().contains("Market state: " + example.signature()), example.prompt());
            assertTrue(example.prompt().endsWith(ensemble.outcome().question() + "\n"), example.prompt());
            assertTrue(model.countTokens(example.prompt()) <= model.contextLimit());
            // The builder drops history days first to fit the context limit, so a prompt rendered with a
            // history may say "no earlier cases" too: then its own part is exactly the one without a history.
            if (example.prompt().contains("Earlier calls in this state: no earlier cases")) {
                String own = builder.build(example.symbol(), example.date(), in.stats(), in.context(),
                        PatternHistory.none(example.signature()), PatternOverview.none()).ownPart();
                assertTrue(example.prompt().endsWith(own), example.prompt());
            }
        }
    }

    @Test
    void theInputsAreTheGeneratedDayAndTheDayBeforeIt(@TempDir Path work) throws Exception {
        PromptExport.Inputs first = export().inputs(work).get(0);
        List<SymbolDay> days = BarGenerator.generate(first.symbol(), PLAN);
        SymbolDay day = days.get(PLAN.dates().indexOf(first.date()));
        SymbolDay before = days.get(PLAN.dates().indexOf(first.date()) - 1);
        assertEquals(day.bars().get(day.bars().size() - 1).close(), first.stats().lastClose(), 0.0);
        assertEquals(day.bars().size(), first.stats().bars());
        assertEquals(before.bars().get(before.bars().size() - 1).close(), first.context().previousClose(), 1e-9);
        assertEquals(first.date().value(), first.context().contextDate());
    }

    @Test
    void theFileHasOneJsonObjectPerExample(@TempDir Path work) throws Exception {
        Path out = work.resolve("out/prompts.jsonl");
        int written = export().write(work.resolve("scratch"), out);
        List<String> lines = Files.readAllLines(out);
        assertEquals(written, lines.size());
        JsonNode line = EventJson.mapper().readTree(lines.get(0));
        assertEquals(List.of("prompt", "label", "signature", "symbol", "date"), fieldNames(line));
        assertTrue(List.of("up", "down", "flat").contains(line.get("label").asText()));
        export().write(work.resolve("again"), work.resolve("again.jsonl"));
        assertEquals(lines, Files.readAllLines(work.resolve("again.jsonl")), "the same plan gives the same file");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
