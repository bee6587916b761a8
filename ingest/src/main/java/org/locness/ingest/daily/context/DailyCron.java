package org.locness.ingest.daily.context;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.locness.events.id.TradingDate;

/**
 * When the daily prep runs. Temporal evaluates cron schedules in UTC; the real server understands a
 * {@code CRON_TZ=<zone>} prefix but Temporal's test server (our embedded endpoint) parses plain
 * five-field UNIX cron only. So the schedule fires at every UTC time that 06:00 in the zone can fall
 * on over a year (two for a zone with summer time), and each run decides whether it is due.
 */
public final class DailyCron {
    public static final LocalTime PREP_TIME = LocalTime.of(6, 0);

    private DailyCron() {
    }

    /**
     * A UTC cron expression covering {@code at} in {@code zone} on every day of the year starting
     * {@code from}, e.g. {@code 0 6 * * *} for UTC and {@code 0 5,6 * * *} for Europe/London.
     */
    public static String expression(ZoneId zone, LocalTime at, LocalDate from) {
        TreeSet<Integer> minutes = new TreeSet<>();
        TreeSet<Integer> hours = new TreeSet<>();
        for (int day = 0; day < 366; day++) {
            LocalTime utc = ZonedDateTime.of(from.plusDays(day), at, zone).withZoneSameInstant(ZoneOffset.UTC).toLocalTime();
            minutes.add(utc.getMinute());
            hours.add(utc.getHour());
        }
        return join(minutes) + " " + join(hours) + " * * *";
    }

    /**
     * The date a scheduled run at {@code now} prepares: today in the zone once its {@code at} has
     * passed; empty for the early fire of a summer-time pair (e.g. 05:00 local in winter).
     */
    public static Optional<TradingDate> dueDate(Instant now, ZoneId zone, LocalTime at) {
        ZonedDateTime local = now.atZone(zone);
        return local.toLocalTime().isBefore(at) ? Optional.empty() : Optional.of(TradingDate.of(local.toLocalDate()));
    }

    private static String join(TreeSet<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
