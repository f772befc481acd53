package cc.equa.msgraph.internal.graph;

/** OData query text: the one way a value becomes part of a {@code $filter}. */
public final class OData {

    /** The longest value the library puts into one {@code $filter} comparison. */
    public static final int MAX_FILTER_VALUE = 120;

    private OData() {
    }

    /**
     * Quote a value as an OData string literal: single quotes doubled, the whole enclosed in single quotes.
     *
     * @param value the value
     * @return the literal, with its quotes
     */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
