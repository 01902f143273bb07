package demo;

/** Builds greetings. Calls into Format (Greeter -> Format). */
public class Greeter {
    private final String greeting;

    public Greeter(String greeting) {
        this.greeting = greeting;
    }

    public String greet(String name) {
        return Format.decorate(greeting + ", " + name);
    }
}
