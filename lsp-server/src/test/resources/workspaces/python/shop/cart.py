from shop.models import Item, make_item


class Cart:
    def __init__(self):
        self.items = []

    def add(self, item):
        self.items.append(item)

    def total(self):
        return sum(i.price for i in self.items)


def checkout(cart):
    return apply_discount(cart.total())


def apply_discount(total):
    return total - 10 if total > 100 else total
