package io.kvroute.proxy.middleware.expression;

/** Why an expression in oxy's language cannot be used, and the column (from 1) where the problem is. */
public final class ExpressionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int column;
    private final String problem;

    /** {@code problem} (what is wrong, without the column) at {@code column}, from 1. */
    public ExpressionException(int column, String problem) {
        super("at column " + column + ": " + problem);
        this.column = column;
        this.problem = problem;
    }

    /** The column, from 1, of the character where the problem is. */
    public int column() {
        return column;
    }

    /** What is wrong there, without the column. */
    public String problem() {
        return problem;
    }
}
