class Item:
    def __init__(self, name, price):
        self.name = name
        self.price = price

    def label(self):
        return f"{self.name} ({self.price})"


def make_item(name, price):
    return Item(name, price)
