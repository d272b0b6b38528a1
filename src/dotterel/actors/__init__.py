"""Actor layer: recognise political actors, resolve them to codes and sectors, follow them through an article."""
