package org.locness.ingest.daily.context;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locness.events.id.TradingDate;
import org.locness.lake.seed.Bar;
import org.locness.lake.seed.BarGenerator;
import org.locness.lake.seed.SeedPlan;
import org.locness.lake.seed.SymbolDay;

/**
 * The context's bytes on a synthetic week, pinned: the MD5s were taken from the calculator as it
 * was before its loading was reworked for speed (commit 73eb265), so a change to how bars are
 * loaded or aggregated that moves a single bit of the output fails here.
 */
class ContextCalculatorGoldenTest {
    private static final TradingDate DATE = TradingDate.of("2026-11-27");
    private static final SeedPlan PLAN = SeedPlan.numbered(12, 7, DATE.minusDays(1), 20261127);
    private static final String WEEK_MD5 = "e390094bdd856ac8c7013bf054d7d9cc";
    private static final String WEEK_WITH_A_FOREIGN_FILE_MD5 = "05eb724e2435e0c7ff060d8f914b1ad9";

    @TempDir
    Path dir;

    @Test
    void aSyntheticWeekGivesThePinnedBytes() throws Exception {
        ComputedContext computed = new ContextCalculator().compute(week(new BarFixture(dir)), dir.resolve("run"));

        assertEquals(12, computed.rows());
        assertEquals(List.of("market-data/SYM004/2026-11-23.parquet (2 invalid rows dropped)"), computed.skipped());
        assertEquals(WEEK_MD5, computed.md5());
    }

    /** A file that is not bars sends the calculator down the file-by-file load; the bytes of the rest stay pinned. */
    @Test
    void theFileByFileLoadGivesThePinnedBytesToo() throws Exception {
        BarFixture fixture = new BarFixture(dir);
        week(fixture);
        fixture.writeOtherTable("SYM099", "2026-11-25");
        LocalInputs inputs = new LocalInputs(PrepWindow.standard(DATE), fixture.files(), List.of(), List.of(), 0, 0);

        ComputedContext computed = new ContextCalculator().compute(inputs, dir.resolve("run"));

        assertEquals(List.of("market-data/SYM004/2026-11-23.parquet (2 invalid rows dropped)",
                "market-data/SYM099/ (no usable bars)",
                "market-data/SYM099/2026-11-25.parquet (not market bars: missing columns)"), computed.skipped());
        assertEquals(WEEK_WITH_A_FOREIGN_FILE_MD5, computed.md5());
    }

    /** 12 symbols x 7 days of generated bars, less one symbol-day, with two invalid bars in another. */
    private static LocalInputs week(BarFixture fixture) throws Exception {
        for (var symbol : PLAN.symbols()) {
            for (SymbolDay day : BarGenerator.generate(symbol, PLAN)) {
                if (symbol.value().equals("SYM007") && day.date().value().equals("2026-11-22")) {
                    continue;
                }
                List<Bar> bars = new ArrayList<>(day.bars());
                if (symbol.value().equals("SYM004") && day.date().value().equals("2026-11-23")) {
                    Bar bar = bars.get(10);
                    bars.set(10, new Bar(bar.ts(), bar.symbol(), bar.open(), bar.high(), bar.low(), -bar.close(), bar.volume()));
                    bar = bars.get(500);
                    bars.set(500, new Bar(bar.ts(), bar.symbol(), bar.open(), bar.low() - 1, bar.low(), bar.close(), bar.volume()));
                }
                fixture.write(symbol.value(), day.date().value(), bars);
            }
        }
        return new LocalInputs(PrepWindow.standard(DATE), fixture.files(), List.of(), List.of(), 0, 0);
    }
}
