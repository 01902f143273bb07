export interface Priced {
  price(): number;
}

export class Item implements Priced {
  constructor(private readonly name: string, private readonly cost: number) {}

  price(): number {
    return this.cost;
  }

  label(): string {
    return `${this.name} (${this.price()})`;
  }
}

export function makeItem(name: string, cost: number): Item {
  return new Item(name, cost);
}
