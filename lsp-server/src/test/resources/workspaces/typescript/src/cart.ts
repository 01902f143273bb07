import { Item, makeItem } from "./model";

export class Cart {
  private items: Item[] = [];

  add(item: Item): void {
    this.items.push(item);
  }

  total(): number {
    let sum = 0;
    for (const item of this.items) {
      sum += item.price();
    }
    return sum;
  }
}

export function checkout(cart: Cart): number {
  return applyDiscount(cart.total());
}

function applyDiscount(total: number): number {
  return total > 100 ? total - 10 : total;
}

export function demo(): number {
  const cart = new Cart();
  cart.add(makeItem("pen", 3));
  return checkout(cart);
}
