package demo;

/** Entry point: calls Greeter.greet directly and through Format.shout. */
public class App {
    public static void main(String[] args) {
        Greeter greeter = new Greeter("Hello");
        System.out.println(greeter.greet("world"));
        System.out.println(Format.shout(greeter, "vcr"));
    }
}
