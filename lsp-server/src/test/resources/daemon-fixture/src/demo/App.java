package demo;

public class App {
  public static void main(String[] args) {
    Greeter g = new Greeter();
    System.out.println(g.greet("world"));
    System.out.println(g.greet("daemon"));
  }
}
