"""hall-centre: the centre of a hall network (district/city). It follows every hall's event log into
PostgreSQL and publishes the shared service catalogue its halls fetch; it never issues tickets."""
