package io.healingengine.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Request bodies a hostile or broken client sends: random bytes, random JSON, and mutations of a valid body
 * (truncation, bit flips, huge strings, deep nesting, wrong types, odd unicode, NaN and huge numbers).
 * Each mutation is drawn by jqwik as a kind and a seed, so a failing body can be told and replayed.
 */
final class HostileBodies {
    /** What was done to the valid body; {@code seed} drives every random choice of it. */
    enum Mutation {
        NONE, RANDOM_BYTES, RANDOM_JSON, TRUNCATE, FLIP_BITS, HUGE_STRING, DEEP_NESTING, WRONG_TYPE, ODD_UNICODE,
        ODD_NUMBER, DUPLICATE_KEYS, EXTRA_FIELD
    }

    /** One request body with how it was made. */
    record Body(Mutation mutation, long seed, int validIndex, byte[] bytes) {
        @Override
        public String toString() {
            String text = new String(bytes, StandardCharsets.UTF_8);
            return mutation + " seed=" + seed + " of valid body " + validIndex + " (" + bytes.length + " bytes): "
                    + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] ODD_NUMBERS = {"NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1e-999", "-0",
        "123456789012345678901234567890123456789012345678901234567890", "9223372036854775808", "-9223372036854775809",
        "0.000000000000000000000000000000000000000000001", "1" + "0".repeat(70), "0x10", "01", "1.", ".5", "+1"};
    private static final String[] ODD_TEXT = {"\u0000", "\uD800", "\uDFFF", "\u202E", "\uFEFF", "\uFFFF", "😀",
        "\u0085", "\u2028", "é", "\r\n", "\t", "\\", "\"", "%00", "${jndi:ldap://x}", "'; DROP TABLE incident;--"};

    private HostileBodies() {
    }

    /** Bodies for {@code endpoint}: mostly mutations of its valid bodies, some wholly random. */
    static Arbitrary<Body> of(IngestEndpoint endpoint) {
        return Combinators.combine(
                        Arbitraries.frequency(
                                net.jqwik.api.Tuple.of(2, Mutation.NONE),
                                net.jqwik.api.Tuple.of(6, Mutation.RANDOM_BYTES),
                                net.jqwik.api.Tuple.of(8, Mutation.RANDOM_JSON),
                                net.jqwik.api.Tuple.of(12, Mutation.TRUNCATE),
                                net.jqwik.api.Tuple.of(12, Mutation.FLIP_BITS),
                                net.jqwik.api.Tuple.of(4, Mutation.HUGE_STRING),
                                net.jqwik.api.Tuple.of(6, Mutation.DEEP_NESTING),
                                net.jqwik.api.Tuple.of(16, Mutation.WRONG_TYPE),
                                net.jqwik.api.Tuple.of(12, Mutation.ODD_UNICODE),
                                net.jqwik.api.Tuple.of(12, Mutation.ODD_NUMBER),
                                net.jqwik.api.Tuple.of(4, Mutation.DUPLICATE_KEYS),
                                net.jqwik.api.Tuple.of(6, Mutation.EXTRA_FIELD)),
                        Arbitraries.longs(),
                        Arbitraries.integers().between(0, endpoint.validBodies.size() - 1))
                .as((mutation, seed, index) -> new Body(mutation, seed, index,
                        mutate(endpoint.validBodies.get(index), mutation, new Random(seed))));
    }

    static byte[] mutate(String valid, Mutation mutation, Random random) {
        byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
        return switch (mutation) {
            case NONE -> bytes;
            case RANDOM_BYTES -> {
                byte[] noise = new byte[random.nextInt(2048)];
                random.nextBytes(noise);
                yield noise;
            }
            case RANDOM_JSON -> utf8(randomJson(random, 0).toString());
            case TRUNCATE -> java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case FLIP_BITS -> {
                byte[] flipped = bytes.clone();
                for (int i = 1 + random.nextInt(4); i > 0; i--) {
                    flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
                }
                yield flipped;
            }
            case HUGE_STRING -> {
                // from just under to past the 1 MiB body limit, in a string value where a short one belongs
                int length = random.nextBoolean() ? 4_000 + random.nextInt(100_000) : 900_000 + random.nextInt(400_000);
                yield utf8(replaceRandomValue(valid, random, NODES.textNode("x".repeat(length))));
            }
            case DEEP_NESTING -> {
                int depth = 17 + random.nextInt(random.nextBoolean() ? 100 : 50_000);
                String open = random.nextBoolean() ? "[".repeat(depth) : "{\"a\":".repeat(depth);
                String close = open.startsWith("[") ? "]".repeat(depth) : "}".repeat(depth);
                yield utf8(random.nextBoolean() ? open + "1" + close
                        : afterFirstBrace(valid, "\"labels\":" + open + "1" + close + ","));
            }
            case WRONG_TYPE -> utf8(replaceRandomValue(valid, random, wrongValue(random)));
            case ODD_UNICODE -> {
                String odd = ODD_TEXT[random.nextInt(ODD_TEXT.length)];
                JsonNode text = NODES.textNode(random.nextBoolean() ? odd : "orders" + odd);
                yield utf8(random.nextInt(3) == 0 ? insertAt(valid, random, odd) : replaceRandomValue(valid, random, text));
            }
            case ODD_NUMBER -> {
                String number = ODD_NUMBERS[random.nextInt(ODD_NUMBERS.length)];
                String marker = "\"__number__\"";
                yield utf8(replaceRandomValue(valid, random, NODES.textNode("__number__")).replace(marker, number));
            }
            case DUPLICATE_KEYS -> utf8(afterFirstBrace(valid, "\"service\":\"demo-checkout\","));
            case EXTRA_FIELD -> utf8(afterFirstBrace(valid, EngineFixture.JSON.getNodeFactory()
                    .textNode(randomText(random, 20)) + ":1,"));
        };
    }

    private static String afterFirstBrace(String json, String inserted) {
        int brace = json.indexOf('{');
        return json.substring(0, brace + 1) + inserted + json.substring(brace + 1);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String insertAt(String text, Random random, String inserted) {
        int at = random.nextInt(text.length() + 1);
        return text.substring(0, at) + inserted + text.substring(at);
    }

    /** The valid body with one of its values, anywhere in it, replaced by {@code replacement}. */
    private static String replaceRandomValue(String valid, Random random, JsonNode replacement) {
        JsonNode root;
        try {
            root = EngineFixture.JSON.readTree(valid);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the valid bodies are JSON", e);
        }
        List<JsonNode> containers = new ArrayList<>();
        collectContainers(root, containers);
        JsonNode container = containers.get(random.nextInt(containers.size()));
        if (container instanceof ObjectNode object && object.size() > 0) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            object.set(names.get(random.nextInt(names.size())), replacement);
        } else if (container instanceof ArrayNode array && array.size() > 0) {
            array.set(random.nextInt(array.size()), replacement);
        }
        return root.toString();
    }

    private static void collectContainers(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            Iterator<JsonNode> children = node.elements();
            children.forEachRemaining(child -> collectContainers(child, into));
        }
    }

    private static JsonNode wrongValue(Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextLong());
            case 3 -> NODES.numberNode(random.nextDouble() * 1e300);
            case 4 -> NODES.arrayNode().add(randomText(random, 5));
            case 5 -> NODES.objectNode().put(randomText(random, 5), randomText(random, 5));
            default -> NODES.textNode(randomText(random, 1 + random.nextInt(300)));
        };
    }

    private static JsonNode randomJson(Random random, int depth) {
        int kind = depth > 4 ? random.nextInt(4) : random.nextInt(6);
        return switch (kind) {
            case 0 -> NODES.textNode(randomText(random, random.nextInt(50)));
            case 1 -> NODES.numberNode(random.nextGaussian() * Math.pow(10, random.nextInt(20)));
            case 2 -> NODES.booleanNode(random.nextBoolean());
            case 3 -> NODES.nullNode();
            case 4 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    array.add(randomJson(random, depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (Map.Entry<String, JsonNode> field : randomFields(random, depth)) {
                    object.set(field.getKey(), field.getValue());
                }
                yield object;
            }
        };
    }

    private static List<Map.Entry<String, JsonNode>> randomFields(Random random, int depth) {
        String[] known = {"service", "metric", "value", "timestamp", "labels", "intervalMs", "exceptionType", "message",
            "exitCode", "stackExcerpt", "alerts", "status", "specversion", "id", "source", "type", "data", "subject"};
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        for (int i = random.nextInt(6); i > 0; i--) {
            String name = random.nextInt(4) == 0 ? randomText(random, 8) : known[random.nextInt(known.length)];
            fields.add(Map.entry(name, randomJson(random, depth + 1)));
        }
        return fields;
    }

    /** Text of any code points, surrogates and control characters included. */
    static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(10);
            if (pick < 6) {
                text.append((char) (' ' + random.nextInt(95)));
            } else if (pick < 8) {
                text.append((char) random.nextInt(0x10000));
            } else {
                text.append(ODD_TEXT[random.nextInt(ODD_TEXT.length)]);
            }
        }
        return text.toString();
    }
}
