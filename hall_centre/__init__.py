"""The centre of a hall network (district/city): the shared service catalogue it publishes to its halls."""
