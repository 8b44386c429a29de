FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY foedus foedus
COPY ontology ontology
COPY graph graph
COPY loaders loaders
COPY api api
COPY queries queries
COPY corpus corpus
RUN pip install --no-cache-dir -e .
EXPOSE 8000
CMD ["foedus", "serve", "--host", "0.0.0.0", "--port", "8000"]
