package store

type Cart struct {
	items []Item
}

func (c *Cart) Add(item Item) {
	c.items = append(c.items, item)
}

func (c *Cart) Total() int {
	sum := 0
	for _, it := range c.items {
		sum += it.Price
	}
	return sum
}

func Checkout(c *Cart) int {
	return applyDiscount(c.Total())
}

func applyDiscount(total int) int {
	if total > 100 {
		return total - 10
	}
	return total
}
