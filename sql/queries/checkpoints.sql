select consumer, seq from checkpoints order by consumer
