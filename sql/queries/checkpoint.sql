select seq from checkpoints where consumer = $1
