package io.healingengine.demo;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Parsed {@code --key value} flags of a demo program. Every problem names the offending flag. */
final class DemoFlags {
    private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Map<String, String> values;

    private DemoFlags(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code args} as {@code --key value} pairs, accepting only the keys in {@code allowed}. */
    static DemoFlags parse(String[] args, Set<String> allowed) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("expected a flag like --name, but got '" + arg + "'");
            }
            String key = arg.substring(2);
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unknown flag --" + key);
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new IllegalArgumentException("flag --" + key + " needs a value");
            }
            if (values.putIfAbsent(key, args[i + 1]) != null) {
                throw new IllegalArgumentException("flag --" + key + " given twice");
            }
        }
        return new DemoFlags(values);
    }

    Optional<String> optional(String key) {
        return Optional.ofNullable(values.get(key));
    }

    String required(String key) {
        return optional(key).orElseThrow(() -> new IllegalArgumentException("flag --" + key + " is required"));
    }

    Optional<Path> optionalPath(String key) {
        return optional(key).map(Path::of);
    }

    Path requiredPath(String key) {
        return Path.of(required(key));
    }

    /** A whole number at least {@code min}, or {@code defaultValue} when the flag is absent. */
    long longValue(String key, long defaultValue, long min) {
        String raw = values.get(key);
        if (raw == null) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("flag --" + key + " must be a whole number, but was '" + raw + "'");
        }
        if (value < min) {
            throw new IllegalArgumentException("flag --" + key + " must be >= " + min + ", but was " + value);
        }
        return value;
    }

    String serviceName() {
        return requireServiceName(required("name"));
    }

    /** Service names end up in file names and JSON, so they are restricted to a safe alphabet. */
    static String requireServiceName(String name) {
        if (name == null || !SERVICE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "flag --name must match " + SERVICE_NAME.pattern() + ", but was '" + name + "'");
        }
        return name;
    }
}
