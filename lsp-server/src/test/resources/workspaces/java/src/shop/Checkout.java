package shop;

public class Checkout {
  public static int run(Cart cart) {
    int total = cart.total();
    return applyDiscount(total);
  }

  static int applyDiscount(int total) {
    return total > 100 ? total - 10 : total;
  }

  public static void main(String[] args) {
    Cart cart = new Cart();
    cart.add(new Item("pen", 3));
    System.out.println(run(cart));
  }
}
