package cc.equa.msgraph.testkit;

/**
 * The kinds of directory object the fake tenant models, each with the {@code @odata.type} Graph gives it.
 *
 * @since 0.1.0
 */
public enum ObjectType {
    /** A user ({@code #microsoft.graph.user}). */
    USER("#microsoft.graph.user", "users"),
    /** A group ({@code #microsoft.graph.group}). */
    GROUP("#microsoft.graph.group", "groups"),
    /** A device ({@code #microsoft.graph.device}). */
    DEVICE("#microsoft.graph.device", "devices"),
    /** A service principal ({@code #microsoft.graph.servicePrincipal}). */
    SERVICE_PRINCIPAL("#microsoft.graph.servicePrincipal", "servicePrincipals"),
    /** An organizational contact ({@code #microsoft.graph.orgContact}). */
    ORG_CONTACT("#microsoft.graph.orgContact", "contacts");

    private final String odataType;
    private final String collection;

    ObjectType(String odataType, String collection) {
        this.odataType = odataType;
        this.collection = collection;
    }

    /**
     * Return the {@code @odata.type} value, such as {@code #microsoft.graph.user}.
     *
     * @return the OData type
     * @since 0.1.0
     */
    public String odataType() {
        return odataType;
    }

    /**
     * Return the Graph entity set name, such as {@code users}.
     *
     * @return the collection name
     * @since 0.1.0
     */
    public String collection() {
        return collection;
    }

    /**
     * Return the cast segment name, such as {@code microsoft.graph.user}.
     *
     * @return the cast name
     * @since 0.1.0
     */
    public String castName() {
        return odataType.substring(1);
    }
}
