package cc.equa.msgraph;

import cc.equa.msgraph.internal.Display;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One or more inputs were rejected before any network call; nothing was sent and nothing was stored.
 * {@link #problems()} names every invalid field at once, so a settings form can mark them all.
 *
 * @since 0.1.0
 */
public final class InvalidInputException extends MsGraphException {

    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** The invalid fields. */
    private final List<FieldProblem> problems;

    /**
     * Create the exception.
     *
     * @param operation what was being attempted
     * @param problems the invalid fields; not empty
     * @since 0.1.0
     */
    public InvalidInputException(String operation, List<FieldProblem> problems) {
        super(details(operation, problems), null);
        this.problems = List.copyOf(problems);
    }

    private static Details details(String operation, List<FieldProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("'problems' must not be empty");
        }
        String reason = problems.stream().map(p -> p.field() + ": " + p.problem()).collect(Collectors.joining("; "));
        String remediation = problems.stream().map(FieldProblem::remediation).distinct()
                .collect(Collectors.joining(" "));
        return Details.of(ErrorKind.INVALID_INPUT, operation, reason, remediation);
    }

    /**
     * Return every invalid field.
     *
     * @return the problems
     * @since 0.1.0
     */
    public List<FieldProblem> problems() {
        return problems;
    }

    /**
     * One invalid field.
     *
     * @param field the field's name, such as {@code "tenantId"}
     * @param problem what is wrong with it (never echoes a secret)
     * @param remediation what to do
     * @since 0.1.0
     */
    public record FieldProblem(String field, String problem, String remediation) {

        /**
         * Reject nulls.
         *
         * @param field the field's name, such as {@code "tenantId"}
         * @param problem what is wrong with it (never echoes a secret)
         * @param remediation what to do
         */
        public FieldProblem {
            Objects.requireNonNull(field, "'field' must not be null");
            Objects.requireNonNull(problem, "'problem' must not be null");
            Objects.requireNonNull(remediation, "'remediation' must not be null");
        }

        @Override
        public String toString() {
            return Display.record(this);
        }
    }
}
