package org.locness.events.outcome;

import java.util.ArrayList;
import java.util.List;

/**
 * What a job's question means, from the ensemble file's {@code outcome:} section: the direction of
 * the close-to-close return from the job's date to {@code horizonDays} trading days later, "flat"
 * when its size is below {@code flatVolatilityFraction} times the symbol's daily volatility
 * (standard deviation of daily log returns over the {@code volatilityDays} trading days up to the
 * job's date; at least {@code minVolatilityDays} of them must be in the lake).
 */
public record OutcomeDefinition(int horizonDays, TradingCalendar calendar, double flatVolatilityFraction,
        int volatilityDays, int minVolatilityDays) {

    /** One trading day, flat below a quarter of the 20-day daily volatility, every day a trading day. */
    public static final OutcomeDefinition DEFAULT = new OutcomeDefinition(1, TradingCalendar.DAILY, 0.25, 20, 5);

    public OutcomeDefinition {
        List<String> problems = problems(horizonDays, calendar, flatVolatilityFraction, volatilityDays,
                minVolatilityDays);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** What is wrong with these values; empty when they make a definition. */
    public static List<String> problems(int horizonDays, TradingCalendar calendar, double flatVolatilityFraction,
            int volatilityDays, int minVolatilityDays) {
        List<String> problems = new ArrayList<>();
        if (horizonDays < 1 || horizonDays > 30) {
            problems.add("outcome.horizonDays must be between 1 and 30 trading days, was " + horizonDays);
        }
        if (calendar == null) {
            problems.add("outcome.calendar must be DAILY or WEEKDAYS");
        }
        if (!Double.isFinite(flatVolatilityFraction) || flatVolatilityFraction < 0 || flatVolatilityFraction > 5) {
            problems.add("outcome.flatVolatilityFraction must be in [0, 5], e.g. 0.25, was " + flatVolatilityFraction);
        }
        if (volatilityDays < 2 || volatilityDays > 260) {
            problems.add("outcome.volatilityDays must be between 2 and 260, was " + volatilityDays);
        }
        if (minVolatilityDays < 2 || minVolatilityDays > volatilityDays) {
            problems.add("outcome.minVolatilityDays must be between 2 and volatilityDays (" + volatilityDays
                    + "), was " + minVolatilityDays);
        }
        return problems;
    }

    /** The question, in the words the prompt asks it. */
    public String question() {
        String span = horizonDays == 1 ? "over the next trading day" : "over the next " + horizonDays + " trading days";
        return "Question: " + span + ", will the close go up, down or stay flat (a move smaller than "
                + Math.round(flatVolatilityFraction * 100) + "% of the daily volatility)? Answer:";
    }
}
