package shop;

public class Item {
  private final String name;
  private final int price;

  public Item(String name, int price) {
    this.name = name;
    this.price = price;
  }

  public int price() {
    return price;
  }

  public String label() {
    return name + " (" + price() + ")";
  }
}
