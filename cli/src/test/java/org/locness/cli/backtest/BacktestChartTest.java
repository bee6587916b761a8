package org.locness.cli.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BacktestChartTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void thePngDecodesAtTheExpectedSizeWithTwoPanelsAndOnePerWeightsGroup() throws Exception {
        BufferedImage image = BacktestChart.render(BacktestResultsTest.twoDays(), "test backtest");

        ByteArrayOutputStream png = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "png", png));
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png.toByteArray()));

        // reliability + cumulative Brier + vol=high + vol=low: two rows of two panels
        assertEquals(2 * BacktestChart.PANEL_WIDTH, decoded.getWidth());
        assertEquals(BacktestChart.LEGEND_HEIGHT + 2 * BacktestChart.PANEL_HEIGHT, decoded.getHeight());
        assertTrue(colours(decoded) > 8, "the picture has lines of several colours, not a blank page");
        assertTrue(hasInk(decoded, 0xd62728), "the adaptive consensus is drawn in its red");
    }

    @Test
    void anEmptyBacktestStillDrawsItsFrames() {
        BufferedImage image = BacktestChart.render(BacktestResults.of(List.of(), List.of()), "nothing scored");

        assertEquals(BacktestChart.LEGEND_HEIGHT + BacktestChart.PANEL_HEIGHT, image.getHeight());
        assertTrue(colours(image) > 1);
    }

    private static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                seen.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        return seen.size();
    }

    private static boolean hasInk(BufferedImage image, int rgb) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    return true;
                }
            }
        }
        return false;
    }
}
