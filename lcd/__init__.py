"""Read side of the Learning Cities Dashboard: database access, queries, charts, filters, i18n."""
