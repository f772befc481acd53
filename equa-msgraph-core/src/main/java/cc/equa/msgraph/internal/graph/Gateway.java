package cc.equa.msgraph.internal.graph;

import cc.equa.msgraph.internal.GraphCalls;
import cc.equa.msgraph.internal.GraphSession;

/**
 * One organization's way into Microsoft Graph, by resource: {@link Groups}, {@link Users},
 * {@link ServicePrincipals}, and {@link Batch} for {@code $batch}. Every call goes through the retry layer of
 * {@link GraphCalls}; nothing outside this package builds a Graph request.
 */
public final class Gateway {

    private final GraphSession session;
    private final Groups groups;
    private final Users users;
    private final ServicePrincipals servicePrincipals;

    /**
     * Create the gateway.
     *
     * @param calls the retry layer
     * @param session the organization's session
     */
    public Gateway(GraphCalls calls, GraphSession session) {
        this.session = session;
        this.groups = new Groups(calls, session);
        this.users = new Users(calls, session);
        this.servicePrincipals = new ServicePrincipals(calls, session);
    }

    /**
     * Return the session (its token source and directory-object URLs).
     *
     * @return the session
     */
    public GraphSession session() {
        return session;
    }

    /**
     * Return {@code /groups}.
     *
     * @return the groups resource
     */
    public Groups groups() {
        return groups;
    }

    /**
     * Return {@code /users}.
     *
     * @return the users resource
     */
    public Users users() {
        return users;
    }

    /**
     * Return {@code /servicePrincipals}.
     *
     * @return the service principals resource
     */
    public ServicePrincipals servicePrincipals() {
        return servicePrincipals;
    }

    /**
     * Return a {@code $batch} sender.
     *
     * @param operation what is being done, for errors
     * @return the sender
     */
    public Batch batch(String operation) {
        return new Batch(session, operation);
    }
}
