package demo;

/** Formatting helpers. Calls back into Greeter (Format -> Greeter). */
public final class Format {
    private Format() {
    }

    public static String decorate(String text) {
        return "[" + text + "]";
    }

    public static String shout(Greeter greeter, String name) {
        return greeter.greet(name).toUpperCase();
    }
}
