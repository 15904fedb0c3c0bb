package io.healingengine.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads an {@link EngineConfig} from a YAML or JSON file (JSON is YAML). Unknown keys are errors. */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private ConfigLoader() {
    }

    public static EngineConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("--config", "names a file that does not exist: " + file);
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot be read: " + file + " (" + e.getMessage() + ")");
        }
        return parse(text);
    }

    public static EngineConfig parse(String text) {
        if (text.isBlank()) {
            return EngineConfig.ofDefaults();
        }
        try {
            EngineConfig config = YAML.readValue(text, EngineConfig.class);
            return config == null ? EngineConfig.ofDefaults() : config;
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(path(e), "is not a known setting (known here: " + e.getKnownPropertyIds() + ")");
        } catch (MismatchedInputException e) {
            throw new ConfigException(path(e), "has the wrong type: it " + expected(e.getTargetType()));
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof ConfigException configError) {
                throw configError;
            }
            throw new ConfigException(path(e), "has the wrong type or format: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ConfigException("--config", "is not valid YAML/JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        }
    }

    /** What a value of the target type looks like, in the words of a YAML author. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "does not fit this setting";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "must be a list, e.g. [systemctl, restart, checkout.service]";
        }
        if (java.util.Map.class.isAssignableFrom(type)) {
            return "must be a mapping of keys to values";
        }
        if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
            return "must be a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == String.class) {
            return "must be text";
        }
        return "must be a section of settings (key: value lines)";
    }

    private static String path(JsonMappingException e) {
        StringBuilder key = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (key.length() > 0) {
                    key.append('.');
                }
                key.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                key.append('[').append(ref.getIndex()).append(']');
            }
        }
        return key.length() == 0 ? "(root)" : key.toString();
    }
}
