"""hall-centre: the centre of a hall network; follows every hall's event log into PostgreSQL, never issues tickets."""
