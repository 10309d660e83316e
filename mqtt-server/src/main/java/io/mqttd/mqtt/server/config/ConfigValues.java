package io.mqttd.mqtt.server.config;

import java.time.Duration;
import java.util.Locale;

/**
 * How values are written in the configuration file and on the command line: durations with a unit
 * ({@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}), sizes in bytes with an optional binary unit
 * ({@code 65536}, {@code 64KiB}, {@code 1MiB}), booleans {@code true}/{@code false}, enum names in
 * any case with {@code -} or {@code _} between words ({@code group-commit}).
 */
public final class ConfigValues {

    private ConfigValues() {
    }

    public static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int split = 0;
        while (split < t.length() && Character.isDigit(t.charAt(split))) {
            split++;
        }
        if (split == 0) {
            throw new ConfigException("not a duration (a number and ms, s, m or h): '" + text + "'");
        }
        long n = parseLong(t.substring(0, split), text);
        return switch (t.substring(split).trim()) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m", "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> throw new ConfigException("duration needs a unit ms, s, m or h: '" + text + "'");
        };
    }

    public static int size(String text) {
        String t = text.trim();
        long factor = 1;
        String digits = t;
        if (endsWithIgnoreCase(t, "KiB")) {
            factor = 1024;
            digits = t.substring(0, t.length() - 3);
        } else if (endsWithIgnoreCase(t, "MiB")) {
            factor = 1024 * 1024;
            digits = t.substring(0, t.length() - 3);
        }
        long n = parseLong(digits.trim(), text) * factor;
        if (n > Integer.MAX_VALUE) {
            throw new ConfigException("size too large: '" + text + "'");
        }
        return (int) n;
    }

    public static int integer(String text) {
        long n = parseLong(text.trim(), text);
        if (n > Integer.MAX_VALUE) {
            throw new ConfigException("number too large: '" + text + "'");
        }
        return (int) n;
    }

    public static long longValue(String text) {
        return parseLong(text.trim(), text);
    }

    public static boolean bool(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigException("not a boolean (true or false): '" + text + "'");
        };
    }

    public static <E extends Enum<E>> E enumValue(Class<E> type, String text) {
        String name = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            allowed.append(allowed.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw new ConfigException("'" + text + "' is not one of " + allowed);
    }

    private static long parseLong(String digits, String original) {
        if (digits.isEmpty() || digits.length() > 18) {
            throw new ConfigException("not a non-negative number: '" + original + "'");
        }
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i)) || digits.charAt(i) > '9') {
                throw new ConfigException("not a non-negative number: '" + original + "'");
            }
        }
        return Long.parseLong(digits);
    }

    private static boolean endsWithIgnoreCase(String s, String suffix) {
        return s.regionMatches(true, s.length() - suffix.length(), suffix, 0, suffix.length());
    }
}
