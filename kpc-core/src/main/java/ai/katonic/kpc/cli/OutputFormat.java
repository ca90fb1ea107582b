package ai.katonic.kpc.cli;

/** {@code -o text|json|yaml}: a table for people, one JSON (or YAML) object for programs. */
public enum OutputFormat { text, json, yaml }
