package ai.katonic.kpc.cli;

/** {@code -o text|json}: a table for people, one JSON object for programs. */
public enum OutputFormat { text, json }
